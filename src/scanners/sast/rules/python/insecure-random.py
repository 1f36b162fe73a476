import random
import secrets
import string
import time

from flask import Flask, session

app = Flask(__name__)
ALPHABET = string.ascii_letters + string.digits


def generate_password(length=12):
    # ruleid: python.insecure-random.security-value
    return "".join(random.choice(ALPHABET) for _ in range(length))


def send_login_code(user, sms):
    # ruleid: python.insecure-random.security-value
    login_code = str(random.randint(100000, 999999))
    sms.send(user.phone, f"Your code is {login_code}")
    return login_code


@app.post("/password-reset")
def start_reset():
    # ruleid: python.insecure-random.security-value
    session["reset_token"] = "%032x" % random.getrandbits(128)
    return {"status": "sent"}


def new_api_client(db, name):
    # ruleid: python.insecure-random.security-value
    db.clients.insert_one({"name": name, "api_key": "".join(random.choices(ALPHABET, k=40))})


def issue_session_id():
    sid = ""
    for _ in range(32):
        # ruleid: python.insecure-random.security-value
        sid += random.choice(string.hexdigits)
    return sid


def generate_password_secure(length=16):
    # ok: python.insecure-random.security-value
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def make_otp():
    rng = random.SystemRandom()
    # ok: python.insecure-random.security-value
    return f"{rng.randint(0, 999999):06d}"


def reset_token():
    # ok: python.insecure-random.security-value
    return secrets.token_urlsafe(32)


def start_quiz(questions):
    # ok: python.insecure-random.security-value
    random.shuffle(questions)
    return questions[:10]


def fetch_with_retry(fetch, attempts=5):
    for attempt in range(attempts):
        try:
            return fetch()
        except ConnectionError:
            # ok: python.insecure-random.security-value
            delay = random.uniform(0.5, 1.5) * 2 ** attempt
            time.sleep(delay)
    raise TimeoutError


def make_boundary():
    # A MIME boundary only has to be unlikely to appear in the body.
    # ok: python.insecure-random.security-value
    token = random.randrange(10**12)
    return f"==============={token:012d}=="


def ab_bucket(user_id):
    random.seed(user_id)
    # ok: python.insecure-random.security-value
    return random.choice(["control", "variant"])
