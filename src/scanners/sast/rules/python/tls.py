import logging
import smtplib
import ssl
import urllib.request
import warnings

import aiohttp
import certifi
import httpx
import jwt
import requests
import urllib3
from urllib3.exceptions import InsecureRequestWarning

# ruleid: python.tls.warnings-disabled
urllib3.disable_warnings(InsecureRequestWarning)
# ruleid: python.tls.warnings-disabled
warnings.simplefilter("ignore", category=InsecureRequestWarning)
# ruleid: python.tls.warnings-disabled
requests.packages.urllib3.disable_warnings()
# ok: python.tls.warnings-disabled
warnings.filterwarnings("ignore", category=DeprecationWarning)
# ok: python.tls.warnings-disabled
warnings.simplefilter("ignore", ResourceWarning)
# ok: python.tls.warnings-disabled
logging.captureWarnings(True)

# ruleid: python.tls.unverified-context
ssl._create_default_https_context = ssl._create_unverified_context

# ruleid: python.tls.unverified-context
legacy_pool = urllib3.PoolManager(cert_reqs="CERT_NONE")
# ok: python.tls.unverified-context
pool = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=certifi.where())


def fetch_inventory(url):
    # ruleid: python.tls.verify-disabled
    return requests.get(url, verify=False, timeout=10).json()


def fetch_internal(url):
    # ok: python.tls.verify-disabled
    return requests.get(url, verify="/etc/ssl/certs/internal-ca.pem", timeout=10).json()


def make_session(token):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    # ruleid: python.tls.verify-disabled
    session.verify = False
    return session


def metrics_client():
    return httpx.Client(
        base_url="https://metrics.internal",
        # ruleid: python.tls.verify-disabled
        verify=False,
    )


async def ping(url):
    async with aiohttp.ClientSession() as session:
        # ruleid: python.tls.verify-disabled
        async with session.get(url, ssl=False) as resp:
            return resp.status


def fetch_default(url):
    # ok: python.tls.verify-disabled
    return requests.get(url, timeout=10)


def make_internal_session():
    session = requests.Session()
    # ok: python.tls.verify-disabled
    session.verify = "/etc/ssl/certs/internal-ca.pem"
    return session


def read_claims(token):
    # ok: python.tls.verify-disabled
    return jwt.decode(token, "k", verify=False)


def open_legacy(url):
    # ruleid: python.tls.unverified-context
    ctx = ssl._create_unverified_context()
    return urllib.request.urlopen(url, context=ctx)


def mail_client(host, user, password):
    ctx = ssl.create_default_context()
    # ruleid: python.tls.unverified-context
    ctx.check_hostname = False
    # ruleid: python.tls.unverified-context
    ctx.verify_mode = ssl.CERT_NONE
    # ok: python.tls.unverified-context
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    smtp = smtplib.SMTP_SSL(host, 465, context=ctx)
    smtp.login(user, password)
    return smtp


def strict_context():
    # ok: python.tls.unverified-context
    ctx = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")
    # ok: python.tls.unverified-context
    if ctx.verify_mode == ssl.CERT_NONE:
        raise RuntimeError("verification must stay on")
    return ctx
