import hashlib
import hmac
import os
import secrets
from hashlib import md5

from flask import Flask, request

app = Flask(__name__)
SHARED_SECRET = os.environ["WEBHOOK_SECRET"]


@app.post("/register")
def register():
    password = request.form["password"]
    salt = os.urandom(16)
    # ruleid: python.weak-hash.password
    digest = hashlib.md5(password.encode()).hexdigest()
    # ruleid: python.weak-hash.password
    salted = hashlib.sha256(salt + password.encode()).hexdigest()
    # ok: python.weak-hash.password
    strong = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
    return {"md5": digest, "salted": salted, "strong": strong.hex()}


def create_user(db, username, raw):
    # ruleid: python.weak-hash.password
    db.users.insert_one({"name": username, "password": hashlib.sha1(raw.encode()).hexdigest()})


class User:
    def set_password(self, value):
        # ruleid: python.weak-hash.password
        self.password_hash = md5(value.encode("utf-8")).hexdigest()

    def check_pw(self, attempt):
        h = hashlib.sha1()
        # ruleid: python.weak-hash.password
        h.update(attempt["password"].encode())
        return hmac.compare_digest(h.hexdigest(), self.password_hash)


def sign_request(body, api_key):
    # ruleid: python.weak-hash.password
    return hashlib.md5((api_key + body).encode()).hexdigest()


def sign_request_hmac(body):
    # ok: python.weak-hash.password
    return hmac.new(SHARED_SECRET.encode(), body, hashlib.sha256).hexdigest()


def etag(content):
    # ok: python.weak-hash.password
    return hashlib.md5(content).hexdigest()


def file_checksum(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(65536), b""):
            # ok: python.weak-hash.password
            h.update(chunk)
    return h.hexdigest()


def new_reset_token(user):
    token = secrets.token_urlsafe(32)
    # High-entropy tokens may be stored with a fast hash.
    # ok: python.weak-hash.password
    user.password_reset_token_hash = hashlib.sha256(token.encode()).hexdigest()
    # ok: python.weak-hash.password
    cache_key = hashlib.sha1(secrets.token_bytes(16)).hexdigest()
    return token, cache_key
