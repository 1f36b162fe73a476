import os

import jwt
from flask import Flask, abort, g, request
from jose import jwt as jose_jwt
from jose.jwt import get_unverified_claims

app = Flask(__name__)
SECRET = os.environ["JWT_SECRET"]
PUBLIC_KEYS = {"2024-01": os.environ.get("JWT_PUBLIC_KEY", "")}

NO_SIGNATURE_CHECK = {
    # ruleid: python.jwt.verification-disabled
    "verify_signature": False,
    "verify_exp": True,
}


def bearer_token():
    return request.headers.get("Authorization", "").removeprefix("Bearer ")


@app.before_request
def load_user():
    # ruleid: python.jwt.verification-disabled
    claims = jwt.decode(bearer_token(), options={"verify_signature": False})
    g.user_id = claims["sub"]


def legacy_claims(token):
    # ruleid: python.jwt.verification-disabled
    return jwt.decode(token, SECRET, verify=False)


def lenient_claims(token):
    # ruleid: python.jwt.verification-disabled
    return jwt.decode(token, SECRET, algorithms=["HS256", "none"])


def debug_claims(token):
    return jwt.decode(token, SECRET, algorithms=["HS256"], options=NO_SIGNATURE_CHECK)


def verified_claims(token):
    # ok: python.jwt.verification-disabled
    return jwt.decode(token, SECRET, algorithms=["HS256"], audience="orders-api")


def verified_with_options(token):
    # ok: python.jwt.verification-disabled
    return jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_signature": True, "require": ["exp"]})


@app.route("/admin")
def admin():
    token = bearer_token()
    # ok: python.jwt.unverified-claims
    header = jose_jwt.get_unverified_header(token)
    # ok: python.jwt.verification-disabled, python.jwt.unverified-claims
    verified = jose_jwt.decode(token, PUBLIC_KEYS[header["kid"]], algorithms=["RS256"])
    # ruleid: python.jwt.unverified-claims
    claims = jose_jwt.get_unverified_claims(token)
    if claims.get("role") != "admin":
        abort(403)
    return {"user": verified["sub"]}


def tenant_of(token):
    # ruleid: python.jwt.unverified-claims
    return jose_jwt.get_unverified_claims(token).get("tenant")


def is_admin(token):
    # ruleid: python.jwt.unverified-claims
    return "admin" in get_unverified_claims(token).get("roles", [])


def issuer_of(token):
    # ok: python.jwt.unverified-claims
    return jwt.decode(token, SECRET, algorithms=["HS256"]).get("iss")
