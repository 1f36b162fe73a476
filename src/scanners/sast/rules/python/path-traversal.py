import os
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

from django.http import FileResponse
from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"
REPORTS = Path("/srv/reports")


@app.route("/download")
def download():
    name = request.args.get("file", "")
    # ruleid: python.path-traversal.taint
    return send_file(os.path.join(UPLOAD_DIR, name), as_attachment=True)


@app.route("/files/<path:filename>")
def files(filename):
    # send_from_directory refuses paths that leave UPLOAD_DIR.
    # ok: python.path-traversal.taint
    return send_from_directory(UPLOAD_DIR, filename)


@app.route("/pages")
def page():
    number = request.args.get("page", 1, type=int)
    # ok: python.path-traversal.taint
    with open(f"/srv/pages/{number}.html", encoding="utf-8") as fh:
        return fh.read()


@app.route("/avatars/<name>")
def avatar(name):
    # ok: python.path-traversal.taint
    with open(os.path.join(UPLOAD_DIR, "avatars", os.path.basename(name)), "rb") as fh:
        return fh.read()


@app.post("/upload")
def upload():
    document = request.files["document"]
    # ruleid: python.path-traversal.taint
    document.save(os.path.join(UPLOAD_DIR, document.filename))
    # ok: python.path-traversal.taint
    document.save(os.path.join(UPLOAD_DIR, secure_filename(document.filename)))
    return "", 201


@app.route("/reports/<report_id>")
def report(report_id):
    path = REPORTS / f"{report_id}.csv"
    # ruleid: python.path-traversal.taint
    return path.read_text(encoding="utf-8")


@app.delete("/cache")
def clear_cache():
    key = request.json["key"]
    # ruleid: python.path-traversal.taint
    shutil.rmtree(f"/var/cache/app/{key}", ignore_errors=True)
    # ok: python.path-traversal.taint
    shutil.rmtree("/var/cache/app/tmp", ignore_errors=True)
    return "", 204


@app.post("/reports/<report_id>/archive")
def archive_report(report_id):
    folder = request.form["folder"]
    source = f"/srv/reports/tmp/{secure_filename(report_id)}.csv"
    # ruleid: python.path-traversal.taint
    shutil.move(source, os.path.join("/srv/archive", folder))
    # ok: python.path-traversal.taint
    shutil.copy(source, "/srv/archive/latest.csv")
    return "", 204


def read_template(name):
    with open(os.path.join("templates", name), encoding="utf-8") as fh:
        return fh.read()


@app.route("/preview")
def preview():
    # ruleid: python.path-traversal.taint
    return read_template(request.args["template"])


@app.route("/docs/<int:doc_id>")
def document(doc_id):
    meta = {"title": "Terms", "file": "terms.html"}
    # ok: python.path-traversal.taint
    return read_template(meta["file"])


def export_csv(request):
    # Django view.
    export_name = request.GET["name"]
    # ruleid: python.path-traversal.taint
    return FileResponse(open(f"/srv/exports/{export_name}", "rb"))


def main():
    # A command-line tool opening the file its user names is expected.
    # ok: python.path-traversal.taint
    with open(sys.argv[1], encoding="utf-8") as fh:
        print(fh.read())


# --- Archive extraction

def install_theme(archive_path, dest):
    with tarfile.open(archive_path) as tar:
        # ruleid: python.path-traversal.tar-extractall
        tar.extractall(dest)
    with tarfile.open(archive_path) as tar:
        # ok: python.path-traversal.tar-extractall
        tar.extractall(dest, filter="data")


def import_backup(upload_path):
    with zipfile.ZipFile(upload_path) as zf:
        # ok: python.path-traversal.tar-extractall
        zf.extractall("/srv/restore")
    # ruleid: python.path-traversal.tar-extractall
    shutil.unpack_archive(upload_path, "/srv/restore")
    # ok: python.path-traversal.tar-extractall
    shutil.unpack_archive(upload_path, "/srv/restore", filter="data")
    # ruleid: python.path-traversal.tar-extractall
    tarfile.open(upload_path, "r:gz").extractall("/srv/restore")
