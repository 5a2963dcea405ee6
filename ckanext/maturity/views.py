from flask import Blueprint

maturity = Blueprint("maturity", __name__)
