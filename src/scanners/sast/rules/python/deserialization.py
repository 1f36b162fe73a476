import base64
import json
import marshal
import pickle
import shelve

import dill
import joblib
import jsonpickle
import numpy as np
import torch
import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/cart/restore")
def restore_cart():
    blob = request.cookies.get("cart", "")
    # ruleid: python.deserialization.taint
    cart = pickle.loads(base64.b64decode(blob))
    return jsonify(items=cart["items"])


@app.post("/jobs")
def submit_job():
    # ruleid: python.deserialization.taint
    job = dill.loads(request.get_data())
    return jsonify(result=job())


@app.post("/state")
def load_state():
    # ruleid: python.deserialization.taint
    state = jsonpickle.decode(request.form["state"])
    # ok: python.deserialization.taint
    meta = json.loads(request.form["meta"])
    return jsonify(state=str(state), meta=meta)


@app.post("/config/import")
def import_config():
    # ruleid: python.deserialization.taint
    config = yaml.load(request.data, Loader=yaml.Loader)
    # ok: python.deserialization.taint, python.deserialization.yaml-unsafe-load
    safe_config = yaml.safe_load(request.data)
    # ok: python.deserialization.taint, python.deserialization.yaml-unsafe-load
    also_safe = yaml.load(request.data, Loader=yaml.CSafeLoader)
    return jsonify(config=config, safe=safe_config, also=also_safe)


def upload_model(request):
    # Django view: an uploaded joblib/pickle model runs code when loaded.
    upload = request.FILES["model"]
    # ruleid: python.deserialization.taint
    model = joblib.load(upload)
    return model


# --- No visible source

def load_cache(path):
    with open(path, "rb") as fh:
        # ruleid: python.deserialization.pickle
        return pickle.load(fh)


def load_compiled(blob):
    # ruleid: python.deserialization.pickle
    return marshal.loads(blob)


def open_session_store():
    # ruleid: python.deserialization.pickle
    return shelve.open("/var/lib/app/sessions")


def load_weights(path):
    # ruleid: python.deserialization.pickle
    legacy = torch.load(path, map_location="cpu")
    # ok: python.deserialization.pickle
    weights = torch.load(path, map_location="cpu", weights_only=True)
    # ok: python.deserialization.pickle
    matrix = np.load(path.replace(".pt", ".npy"))
    # ruleid: python.deserialization.pickle
    objects = np.load(path.replace(".pt", ".npz"), allow_pickle=True)
    return legacy, weights, matrix, objects


def read_settings(path):
    with open(path, encoding="utf-8") as fh:
        # ruleid: python.deserialization.yaml-unsafe-load
        return yaml.load(fh)


def read_manifests(stream):
    # ruleid: python.deserialization.yaml-unsafe-load
    docs = list(yaml.load_all(stream, Loader=yaml.FullLoader))
    # ruleid: python.deserialization.yaml-unsafe-load
    legacy = yaml.unsafe_load(stream)
    # ok: python.deserialization.yaml-unsafe-load
    safe_docs = list(yaml.safe_load_all(stream))
    # ok: python.deserialization.pickle
    data = json.load(stream)
    return docs, legacy, safe_docs, data
