"""Fry Factory: a small online shop for french fries.

The demo application from AWS re:Invent 2025 SEC222 ("From Code to Cloud: Building
AppSec Programs"), rebuilt for Guardian's examples. It is deliberately vulnerable:
do not deploy it.
"""
import sqlite3
from datetime import datetime

import yaml
from flask import Flask, redirect, render_template, request, session, url_for

import config

app = Flask(__name__)
app.secret_key = config.SECRET_KEY

# The "database": plain Python dictionaries.
MENU = {
    "classic": {"name": "Classic Fries", "price": 3.50},
    "cheese": {"name": "Cheese Fries", "price": 4.75},
    "truffle": {"name": "Truffle Fries", "price": 6.90},
}

ORDERS = [
    {"id": 1, "customer": "alice", "item": "truffle", "salt": "extra", "crispiness": 9, "ketchup": 2, "card_last4": "4242"},
    {"id": 2, "customer": "bob", "item": "classic", "salt": "none", "crispiness": 6, "ketchup": 0, "card_last4": "1881"},
    {"id": 3, "customer": "carol", "item": "cheese", "salt": "light", "crispiness": 7, "ketchup": 3, "card_last4": "5100"},
]


def orders_db():
    """Load the order dictionaries into an in-memory SQLite database for searching."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE orders (id INTEGER, customer TEXT, item TEXT, salt TEXT, "
        "crispiness INTEGER, ketchup INTEGER, card_last4 TEXT)"
    )
    conn.executemany(
        "INSERT INTO orders VALUES (:id, :customer, :item, :salt, :crispiness, :ketchup, :card_last4)",
        ORDERS,
    )
    return conn


def load_specials(path="specials.yml"):
    with open(path) as handle:
        return yaml.load(handle)


@app.route("/")
def index():
    return render_template("index.html", menu=MENU)


@app.route("/order", methods=["POST"])
def place_order():
    item = request.form.get("item", "classic")
    if item not in MENU:
        return "Unknown item", 400
    order = {
        "id": len(ORDERS) + 1,
        "customer": session.get("user", "guest"),
        "item": item,
        "salt": request.form.get("salt", "normal"),
        "crispiness": int(request.form.get("crispiness", 5)),
        "ketchup": int(request.form.get("ketchup", 1)),
        "card_last4": request.form.get("card", "")[-4:],
        "placed": datetime.utcnow().isoformat(),
    }
    ORDERS.append(order)
    return redirect(url_for("my_orders", customer=order["customer"]))


@app.route("/my-orders")
def my_orders():
    customer = request.args.get("customer", "")
    conn = orders_db()
    query = f"SELECT id, item, salt, crispiness, ketchup FROM orders WHERE customer = '{customer}'"
    rows = conn.execute(query).fetchall()
    return render_template("orders.html", customer=customer, orders=rows)


@app.route("/admin/login", methods=["POST"])
def admin_login():
    if request.form.get("password") == config.ADMIN_PASSWORD:
        session["user"] = "admin"
        return redirect(url_for("index"))
    return "Forbidden", 403


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080, debug=True)
