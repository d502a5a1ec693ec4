"""The application as served in production, plus a bare "hello" endpoint to compare with."""
from consult import create_app

app = create_app()


@app.get("/_bench/hello")
def hello():
    return "hello"
