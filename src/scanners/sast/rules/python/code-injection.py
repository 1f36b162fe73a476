import ast
import importlib

from flask import Flask, jsonify, request

app = Flask(__name__)

EXPORTERS = {"csv": "shop.exporters.csv", "xlsx": "shop.exporters.xlsx"}
SETUP_CODE = "import math"


@app.route("/calc")
def calc():
    expr = request.args.get("expr", "0")
    # ruleid: python.code-injection.taint
    result = eval(expr)
    # ok: python.code-injection.taint, python.code-injection.eval-dynamic
    value = ast.literal_eval(expr)
    return jsonify(result=result, value=value)


@app.post("/rules/test")
def test_rule():
    body = request.get_json()
    source = "def check(order):\n    return " + body["condition"]
    namespace = {}
    # ruleid: python.code-injection.taint
    exec(compile(source, "<rule>", "exec"), namespace)
    return jsonify(passed=namespace["check"]({"total": 10}))


@app.route("/export/<fmt>")
def export(fmt):
    # ruleid: python.code-injection.taint
    exporter = importlib.import_module(f"shop.exporters.{fmt}")
    # ok: python.code-injection.taint
    safe_exporter = importlib.import_module(EXPORTERS[fmt])
    return exporter.render() + safe_exporter.render()


@app.route("/plugins/<name>/run")
def run_plugin(name):
    # ruleid: python.code-injection.taint
    plugin = __import__("plugins." + name, fromlist=["main"])
    return plugin.main()


def evaluate(formula, row):
    # ruleid: python.code-injection.eval-dynamic
    return eval(formula, {"__builtins__": {}}, row)


@app.route("/sheet")
def sheet():
    formula = request.args["formula"]
    # ruleid: python.code-injection.taint
    total = evaluate(formula, {"price": 3, "qty": 2})
    # ok: python.code-injection.taint
    fixed = evaluate("price * qty", {"price": 3, "qty": 2})
    return jsonify(total=total, fixed=fixed)


def load_settings(path):
    namespace = {}
    with open(path) as fh:
        # ruleid: python.code-injection.eval-dynamic
        exec(fh.read(), namespace)
    return namespace


def template_filter(name):
    # ruleid: python.code-injection.eval-dynamic
    return eval(f"lambda value: value.{name}()")


def warm_up(model, df):
    # ok: python.code-injection.eval-dynamic
    exec(SETUP_CODE)
    # ok: python.code-injection.eval-dynamic
    limit = eval("2 ** 10")
    # ok: python.code-injection.eval-dynamic
    model.eval()
    # ok: python.code-injection.eval-dynamic
    return df.eval("total = price * qty"), limit
