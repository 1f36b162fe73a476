import json

from bson import ObjectId
from flask import Flask, abort, jsonify, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient("mongodb://db:27017")["shop"]


@app.post("/login")
def login():
    body = request.get_json()
    # ruleid: python.nosql-injection.taint
    user = db.users.find_one({"email": body["email"], "password_hash": body["password_hash"]})
    if not user:
        abort(401)
    return jsonify(id=str(user["_id"]))


@app.post("/login-typed")
def login_typed():
    body = request.get_json()
    # ok: python.nosql-injection.taint
    user = db.users.find_one({"email": str(body["email"]), "active": True})
    return jsonify(found=user is not None)


@app.post("/orders/search")
def search_orders():
    # ruleid: python.nosql-injection.taint
    orders = list(db.orders.find(request.json))
    return jsonify(count=len(orders))


@app.get("/products")
def products():
    # Query-string values are always strings.
    # ok: python.nosql-injection.taint
    items = db.products.find({"category": request.args.get("category", "all")})
    criteria = json.loads(request.args.get("filter", "{}"))
    # ruleid: python.nosql-injection.taint
    filtered = db.products.count_documents(criteria)
    return jsonify(items=[i["name"] for i in items], filtered=filtered)


@app.delete("/orders/<order_id>")
def delete_order(order_id):
    # ok: python.nosql-injection.taint
    db.orders.delete_one({"_id": ObjectId(order_id)})
    return "", 204


@app.post("/reports")
def report():
    stages = request.get_json()["pipeline"]
    # ruleid: python.nosql-injection.taint
    return jsonify(list(db.orders.aggregate(stages)))


@app.get("/notes")
def notes():
    owner = request.args.get("owner", "")
    # ruleid: python.nosql-injection.where-javascript
    found = db.notes.find({"$where": f"this.owner == '{owner}'"})
    # ok: python.nosql-injection.where-javascript
    mine = db.notes.find({"$where": "this.shared == true", "owner": owner})
    # ok: python.nosql-injection.where-javascript
    titled = db.notes.find({"owner": owner, "title": {"$exists": True}})
    return jsonify(n=len(list(found)) + len(list(mine)) + len(list(titled)))


@app.post("/products/cheap")
def cheap_products():
    limit = request.form["max_price"]
    # ruleid: python.nosql-injection.where-javascript
    query = {'$where': "this.price < " + limit}
    # ok: python.nosql-injection.where-javascript
    typed = {"$where": "this.price < %d" % int(limit)}
    return jsonify(n=db.products.count_documents(query) + db.products.count_documents(typed))


@app.post("/products/score")
def scored_products():
    weight = request.json["weight"]
    pipeline = [
        {"$match": {"active": True}},
        # ruleid: python.nosql-injection.where-javascript
        {"$addFields": {"score": {"$function": {"body": f"function(p) {{ return p * {weight}; }}", "args": ["$price"], "lang": "js"}}}},
    ]
    # ruleid: python.nosql-injection.taint
    return jsonify(list(db.products.aggregate(pipeline)))


@app.get("/greeting")
def greeting():
    text = "Hello, world"
    # ok: python.nosql-injection.taint
    return jsonify(pos=text.find(request.args.get("word", "")))
