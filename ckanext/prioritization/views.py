from flask import Blueprint
prioritization = Blueprint("prioritization", __name__)

