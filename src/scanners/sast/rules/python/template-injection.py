import jinja2
from jinja2 import Template
from flask import Flask, render_template_string, request
from flask_login import current_user
from packaging_tools import Version

app = Flask(__name__)
env = jinja2.Environment(autoescape=True)

NOTICE_TEMPLATE = "<div class='notice'>{{ message }}</div>"


@app.route("/greet")
def greet():
    name = request.args.get("name", "")
    # ruleid: python.template-injection.taint
    return render_template_string(f"<h1>Hello {name}</h1>")


@app.route("/greet-safe")
def greet_safe():
    # ok: python.template-injection.taint, python.template-injection.non-literal-template
    return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args.get("name", ""))


@app.errorhandler(404)
def page_not_found(error):
    template = """<h2>Oops! {} was not found.</h2>""".format(request.url)
    # ruleid: python.template-injection.taint
    return render_template_string(template), 404


@app.post("/emails/preview")
def preview_email():
    body = request.form["template"]
    # ruleid: python.template-injection.taint
    return env.from_string(body).render(user=current_user)


@app.post("/emails/preview-fixed")
def preview_email_fixed():
    # ok: python.template-injection.taint
    return env.from_string(NOTICE_TEMPLATE).render(message=request.form["message"])


@app.route("/card")
def card():
    layout = request.args.get("layout", "")
    # ruleid: python.template-injection.taint
    html = Template("<div class='card'>" + layout + "</div>").render()
    # ok: python.template-injection.taint
    title = Template("<h3>{{ title }}</h3>").render(title=request.args.get("title", ""))
    return html + title


# --- No visible source

def render_notice(message):
    # ruleid: python.template-injection.non-literal-template
    return render_template_string("<div class='notice'>" + message + "</div>")


def render_cms_page(page):
    # ruleid: python.template-injection.non-literal-template
    return render_template_string(page.body, page=page)


def render_receipt(order, footer):
    # ruleid: python.template-injection.non-literal-template
    return jinja2.Template(f"Order {{{{ order.id }}}} - {footer}").render(order=order)


def render_notice_safe(message):
    # ok: python.template-injection.non-literal-template
    return render_template_string(NOTICE_TEMPLATE, message=message)


def parse_version(text):
    # ok: python.template-injection.non-literal-template
    return Version.from_string(text)


def render_greeting(name):
    # ok: python.template-injection.non-literal-template
    return jinja2.Template("Hello {{ name }}!").render(name=name)
