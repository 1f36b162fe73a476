import sys
import urllib.request

import aiohttp
import httpx
import requests
from fastapi import FastAPI
from flask import Flask, jsonify, request

app = Flask(__name__)
api = FastAPI()


@app.route("/preview")
def link_preview():
    url = request.args.get("url", "")
    # ruleid: python.ssrf.taint
    resp = requests.get(url, timeout=5)
    return jsonify(title=resp.text[:200])


@app.post("/webhooks/test")
def test_webhook():
    target = request.json["callback_url"]
    # ruleid: python.ssrf.taint
    r = requests.request("POST", target, json={"event": "ping"}, timeout=5)
    return jsonify(status=r.status_code)


@app.route("/status/<host>")
def service_status(host):
    # ruleid: python.ssrf.taint
    with urllib.request.urlopen(f"http://{host}:8080/health", timeout=3) as resp:
        return resp.read()


@app.route("/docs")
def docs_page():
    page = request.args.get("page", "index")
    # No slash after the host: page="@evil.example/" changes the host.
    # ruleid: python.ssrf.taint
    return requests.get("https://docs.example.com" + page, timeout=5).text


@app.route("/users/<user_id>/repos")
def repos(user_id):
    # The host is fixed; input only chooses the path.
    # ok: python.ssrf.taint
    listing = requests.get(f"https://api.github.com/users/{user_id}/repos", timeout=5)
    url = "https://api.github.com/users/{}/gists".format(user_id)
    # ok: python.ssrf.taint
    gists = requests.get(url, timeout=5)
    # ok: python.ssrf.taint
    search = requests.get("https://api.github.com/search/code", params={"q": request.args.get("q")}, timeout=5)
    return jsonify(repos=listing.json(), gists=gists.json(), search=search.json())


@app.route("/avatar")
async def avatar():
    source = request.args["src"]
    async with aiohttp.ClientSession() as session:
        # ruleid: python.ssrf.taint
        async with session.get(source) as resp:
            return await resp.read()


@app.route("/cart")
def cart():
    # Django/Flask session dictionaries are not HTTP clients.
    # ok: python.ssrf.taint
    return jsonify(cart=request.session.get(request.args.get("key")))


def fetch_json(url):
    return requests.get(url, timeout=3).json()


@app.route("/import")
def import_feed():
    # ruleid: python.ssrf.taint
    return jsonify(fetch_json(request.args["feed"]))


@api.get("/fetch")
async def fetch(url: str):
    async with httpx.AsyncClient(follow_redirects=False) as client:
        # ruleid: python.ssrf.taint
        r = await client.get(url)
    return {"length": len(r.content)}


def main():
    # A command-line tool fetching the URL its user typed.
    # ok: python.ssrf.taint
    print(requests.get(sys.argv[1], timeout=10).status_code)
