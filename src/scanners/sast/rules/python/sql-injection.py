import sqlite3
from flask import Flask, request
from sqlalchemy import text

app = Flask(__name__)
conn = sqlite3.connect(":memory:")


@app.route("/orders")
def my_orders():
    customer = request.args.get("customer")
    query = f"SELECT * FROM orders WHERE customer = '{customer}'"
    # ruleid: python.sqli.taint
    rows = conn.execute(query).fetchall()
    return {"orders": rows}


@app.route("/orders/<order_id>")
def order(order_id):
    cur = conn.cursor()
    # ruleid: python.sqli.taint
    cur.execute("SELECT * FROM orders WHERE id = " + order_id)
    # ok: python.sqli.taint
    cur.execute("SELECT * FROM orders WHERE id = ?", (order_id,))
    # ok: python.sqli.taint
    cur.execute("SELECT * FROM orders WHERE id = %d" % int(order_id))
    return "ok"


def run_query(sql):
    # The wrapper's own sink is reported at the call site that passes user input.
    return conn.execute(sql)


@app.route("/search")
def search():
    term = request.form["term"]
    sql = "SELECT * FROM products WHERE name LIKE '%{}%'".format(term)
    # ruleid: python.sqli.taint
    return str(run_query(sql))


def get_param(name):
    return request.values.get(name)


@app.route("/by-status")
def by_status():
    status = get_param("status")
    # ruleid: python.sqli.taint
    db_rows = app.db.session.execute(text("SELECT * FROM orders WHERE status = '%s'" % status))
    return str(db_rows)


@app.route("/safe")
def safe():
    status = request.args.get("status")
    status = "open"
    # ok: python.sqli.taint
    conn.execute("SELECT * FROM orders WHERE status = '" + status + "'")
    return "ok"


def report():
    # ok: python.sqli.taint
    conn.execute("SELECT count(*) FROM orders")
