import os

from fastapi import FastAPI
from flask import Flask
from werkzeug.debug import DebuggedApplication
from werkzeug.serving import run_simple


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # ok: python.debug-mode.debug-enabled
    DEBUG = False


class DevelopmentConfig(Config):
    # ok: python.debug-mode.debug-enabled
    DEBUG = True


class ProductionConfig(Config):
    # ruleid: python.debug-mode.debug-enabled
    DEBUG = True


app = Flask(__name__)
app.config.from_object(ProductionConfig)
# ruleid: python.debug-mode.debug-enabled
app.debug = True
# ruleid: python.debug-mode.debug-enabled
app.config["DEBUG"] = True
# ok: python.debug-mode.debug-enabled
app.config["TESTING"] = True
# ok: python.debug-mode.debug-enabled
app.config.update(DEBUG=os.environ.get("FLASK_DEBUG") == "1", JSON_SORT_KEYS=False)

# ruleid: python.debug-mode.debug-enabled
api = FastAPI(title="Orders API", debug=True)
# ok: python.debug-mode.debug-enabled
internal_api = FastAPI(title="Internal API")


def build_parser(grammar):
    parser = grammar.compile()
    # ok: python.debug-mode.debug-enabled
    parser.debug = True
    return parser


@app.route("/")
def index():
    return "ok"


def serve_debug_console():
    # ruleid: python.debug-mode.flask-debugger
    run_simple("0.0.0.0", 8080, app, use_reloader=True, use_debugger=True)


def wsgi_app():
    # ruleid: python.debug-mode.flask-debugger
    return DebuggedApplication(app, evalex=True)


def wsgi_app_safe():
    # ok: python.debug-mode.flask-debugger
    return DebuggedApplication(app)


def start_local():
    # ok: python.debug-mode.flask-debugger
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")


if __name__ == "__main__":
    # ok: python.debug-mode.flask-debugger
    app.run(host="127.0.0.1", port=5000)
    # ruleid: python.debug-mode.flask-debugger
    app.run(host="0.0.0.0", port=5000, debug=True)
