import sqlite3

import pandas as pd
import psycopg2
import pymysql
from django.db.models.expressions import RawSQL
from django.http import JsonResponse
from flask import Flask, request
from sqlalchemy import text

from shop.models import Customer, Product

TABLE = "orders"

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
    # ruleid: python.sqli.string-built-query
    conn.execute("SELECT * FROM orders WHERE status = '" + status + "'")
    return "ok"


def report():
    # ok: python.sqli.taint
    conn.execute("SELECT count(*) FROM orders")


# --- Helpers without a visible source: the pattern rule reports the string-built SQL.

def find_user_by_email(email):
    with psycopg2.connect("dbname=shop") as pg:
        with pg.cursor() as cur:
            # ruleid: python.sqli.string-built-query
            cur.execute("SELECT id, name FROM users WHERE email = '%s'" % email)
            # ok: python.sqli.string-built-query
            cur.execute("SELECT id, name FROM users WHERE email = %s", (email,))
            return cur.fetchone()


def archive_orders(db, ids, reason):
    cursor = db.cursor()
    # ruleid: python.sqli.string-built-query
    cursor.executemany("UPDATE orders SET archived = 1, reason = '" + reason + "' WHERE id = %s", [(i,) for i in ids])
    # ok: python.sqli.string-built-query
    cursor.executemany("UPDATE orders SET archived = 1 WHERE id = %s", [(i,) for i in ids])


def count_rows(limit, year):
    # Constants and numeric conversions cannot carry SQL syntax.
    # ok: python.sqli.string-built-query
    conn.execute(f"SELECT count(*) FROM {TABLE} LIMIT {int(limit)}")
    # ruleid: python.sqli.string-built-query
    return conn.execute(
        f"SELECT count(*) FROM {TABLE} "
        f"WHERE strftime('%Y', created) = '{year}'"
    ).fetchone()


def monthly_report(engine, month):
    # ruleid: python.sqli.string-built-query
    return pd.read_sql("SELECT * FROM sales WHERE month = '{}'".format(month), engine)


def customers_named(name):
    # ruleid: python.sqli.string-built-query
    by_name = Customer.objects.raw(f"SELECT * FROM shop_customer WHERE name = '{name}'")
    # ok: python.sqli.string-built-query
    by_id = Customer.objects.raw("SELECT * FROM shop_customer WHERE name = %s", [name])
    return list(by_name) + list(by_id)


def products_with_score(weight):
    # ruleid: python.sqli.string-built-query
    return Product.objects.annotate(score=RawSQL("SELECT rating * %s FROM shop_rating" % weight, ()))


def products_by_headline(headline):
    # ruleid: python.sqli.string-built-query
    return Product.objects.extra(where=[f"headline = '{headline}'"])


# --- Django view: request data reaches the raw query.

def product_search(request):
    term = request.GET.get("q", "")
    mysql = pymysql.connect(host="db", user="shop", database="shop")
    with mysql.cursor() as cur:
        # ruleid: python.sqli.taint
        cur.execute(f"SELECT * FROM products WHERE name LIKE '%{term}%'")
        # ok: python.sqli.taint, python.sqli.string-built-query
        cur.execute("SELECT * FROM products WHERE name LIKE %s", ("%" + term + "%",))
        return JsonResponse({"products": cur.fetchall()})


def create_student(conn, name):
    q = ("INSERT INTO students (name) "
         "VALUES ('%(name)s')" % {"name": name})
    with conn.cursor() as cur:
        # ruleid: python.sqli.string-built-query
        cur.execute(q)


def find_orders(cur, status, limit):
    sql = "SELECT * FROM orders WHERE status = %s LIMIT %s"
    # ok: python.sqli.string-built-query
    cur.execute(sql, (status, limit))
    sql2 = f"SELECT * FROM {TABLE} WHERE status = %s"
    # ok: python.sqli.string-built-query
    cur.execute(sql2, (status,))
    report = f"SELECT * FROM orders WHERE status = '{status}'"
    # ruleid: python.sqli.string-built-query
    return cur.execute(report).fetchall()


def status_filter(session, status):
    # ok: python.sqli.string-built-query
    return session.execute(text("SELECT * FROM orders WHERE status = :status"), {"status": status})
