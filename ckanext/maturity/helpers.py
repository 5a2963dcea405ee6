"""Template helpers."""


def maturity_placeholder():
    return None
