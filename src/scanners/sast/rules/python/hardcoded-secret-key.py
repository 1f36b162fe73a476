import os
import secrets

from flask import Flask

# Django-style settings
# ruleid: python.hardcoded-secret.secret-key
SECRET_KEY = "django-insecure-8f$2k!x@q1w9z#m4r7t0v3y6b5n8c2e1"
# ok: python.hardcoded-secret.secret-key
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
# ok: python.hardcoded-secret.secret-key
SESSION_COOKIE_NAME = "shop_session"


class Config:
    # ruleid: python.hardcoded-secret.secret-key
    JWT_SECRET_KEY = "jwt-signing-key-please-change"
    # ok: python.hardcoded-secret.secret-key
    WTF_CSRF_SECRET_KEY = os.environ.get("CSRF_SECRET_KEY")


app = Flask(__name__)
# ruleid: python.hardcoded-secret.secret-key
app.secret_key = b"\x8f\x1c\xa2 super secret \x00"
# ruleid: python.hardcoded-secret.secret-key
app.config["SECRET_KEY"] = "s3cr3t-k3y"
# ok: python.hardcoded-secret.secret-key
app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]
# ok: python.hardcoded-secret.secret-key
app.config["SESSION_COOKIE_SECURE"] = True
app.config.update(
    # ruleid: python.hardcoded-secret.secret-key
    SECRET_KEY="dev",
    SESSION_COOKIE_HTTPONLY=True,
)
# ok: python.hardcoded-secret.secret-key
app.config.from_mapping(SECRET_KEY=secrets.token_hex(32))


def make_worker_app():
    worker = Flask("worker")
    # ruleid: python.hardcoded-secret.secret-key
    worker.config.from_mapping({"SECRET_KEY": "worker-secret"})
    # ok: python.hardcoded-secret.secret-key
    worker.secret_key = os.environ.get("WORKER_SECRET_KEY") or secrets.token_bytes(32)
    return worker
