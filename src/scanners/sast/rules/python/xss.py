import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, Response, jsonify, make_response, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)
api = FastAPI()


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    # ruleid: python.xss.taint
    return f"<h1>Hello {name}!</h1>"


@app.route("/hello-escaped")
def hello_escaped():
    name = request.args.get("name", "world")
    # ok: python.xss.taint
    return f"<h1>Hello {escape(name)}!</h1>"


@app.route("/search")
def search():
    q = request.args.get("q", "")
    # ok: python.xss.taint
    return render_template("search.html", q=q)


@app.route("/api/echo")
def echo():
    msg = request.args.get("msg")
    # ok: python.xss.taint
    return {"message": msg, "length": len(msg)}


@app.route("/api/echo2")
def echo2():
    # ok: python.xss.taint
    return jsonify(message=request.args.get("msg"))


@app.route("/api/profile/<username>")
def api_profile(username):
    # ok: python.xss.taint
    return make_response(jsonify(user=username), 200)


@app.route("/api/profile2/<username>")
def api_profile2(username):
    # ok: python.xss.taint
    return make_response({"user": username}, 200)


@app.route("/error")
def error_page():
    code = request.args.get("code", "")
    # ruleid: python.xss.taint
    return "<p>Unknown error code: " + code + "</p>", 400


@app.route("/banner")
def banner():
    text = request.cookies.get("banner", "")
    # ruleid: python.xss.taint
    return render_template("home.html", banner=Markup(text))


@app.route("/profile/<username>")
def profile(username):
    # ruleid: python.xss.taint
    resp = make_response("<h2>%s</h2>" % username)
    resp.headers["Cache-Control"] = "no-store"
    return resp


@app.route("/download/<name>")
def download(name):
    # ok: python.xss.taint
    return Response(f"Requested file: {name}", mimetype="text/plain")


# --- Django views

def greet(request):
    name = request.GET.get("name", "")
    # ruleid: python.xss.taint
    return HttpResponse("<p>Hi " + name + "</p>")


def greet_json(request):
    # ok: python.xss.taint
    return HttpResponse(json.dumps({"name": request.GET.get("name")}), content_type="application/json")


def comment(request):
    body = request.POST["body"]
    html = "<div class='comment'>{}</div>".format(body)
    # ruleid: python.xss.taint
    return render(request, "post.html", {"comment": mark_safe(html)})


def comment_escaped(request):
    html = format_html("<div class='comment'>{}</div>", request.POST["body"])
    # ok: python.xss.taint
    return render(request, "post.html", {"comment": mark_safe(html)})


# --- FastAPI: a returned str is JSON-encoded, HTMLResponse is not.

@api.get("/greet")
def greet_api(name: str):
    # ok: python.xss.taint
    return f"Hello {name}"


@api.get("/page", response_class=HTMLResponse)
def page(title: str):
    # ruleid: python.xss.taint
    return HTMLResponse(f"<html><title>{title}</title></html>")
