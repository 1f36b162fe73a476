import asyncio
import os
import pty
import shlex
import subprocess
from subprocess import PIPE, Popen

import paramiko
from flask import Flask, jsonify, request

app = Flask(__name__)
BACKUP_DIR = "/var/backups"


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    # ruleid: python.command-injection.taint
    os.system("ping -c 1 " + host)
    # ok: python.command-injection.taint, python.command-injection.dynamic-command
    os.system("ping -c 1 " + shlex.quote(host))
    # ok: python.command-injection.taint
    result = subprocess.run(["ping", "-c", "1", "--", host], capture_output=True, text=True)
    return jsonify(output=result.stdout)


@app.route("/dns/<domain>")
def dns(domain):
    # ruleid: python.command-injection.taint
    out = subprocess.check_output(f"dig +short {domain}", shell=True, text=True)
    return jsonify(records=out.splitlines())


@app.post("/thumbnail")
def thumbnail():
    name = request.form["name"]
    size = int(request.form.get("size", "128"))
    # ruleid: python.command-injection.taint
    subprocess.run(["sh", "-c", f"convert uploads/{name} -resize {size} thumbs/{name}"], check=True)
    # ok: python.command-injection.taint
    subprocess.run(["convert", f"uploads/{name}", "-resize", str(size), f"thumbs/{name}"], check=True)
    # ok: python.command-injection.taint, python.command-injection.dynamic-command
    subprocess.run(f"convert uploads/{shlex.quote(name)} -resize 64x64 out.png", shell=True, check=True)
    return "", 204


def run_git(args):
    # ruleid: python.command-injection.dynamic-command
    return subprocess.check_output("git " + args, shell=True, cwd="/srv/repo")


@app.route("/log")
def git_log():
    branch = request.args.get("branch", "main")
    fmt = "%h %s"
    # ruleid: python.command-injection.taint
    history = run_git(f"log --format='{fmt}' {branch}")
    return history.decode()


@app.route("/remote/disk")
def remote_disk():
    path = request.args.get("path", "/")
    ssh = paramiko.SSHClient()
    ssh.connect("backup.internal", username="ops")
    # ruleid: python.command-injection.taint
    _, stdout, _ = ssh.exec_command(f"du -sh {path}")
    return stdout.read()


async def resize(request):
    # Starlette handler: query parameters are attacker-controlled.
    width = request.query_params["width"]
    # ruleid: python.command-injection.taint
    proc = await asyncio.create_subprocess_shell(f"vipsthumbnail in.jpg --size {width}x")
    await proc.wait()


def open_console():
    # ruleid: python.command-injection.taint
    pty.spawn(input("shell to start: "))


# --- No visible source: the pattern rule reports shell commands built from variables.

def restart(service):
    # ruleid: python.command-injection.dynamic-command
    subprocess.run(f"systemctl restart {service}", shell=True, check=True)
    # ok: python.command-injection.dynamic-command
    subprocess.run(["systemctl", "restart", service], check=True)


def whois(domain):
    # ruleid: python.command-injection.dynamic-command
    return os.popen("whois %s" % domain).read()


def run_pipeline(cmd):
    # ruleid: python.command-injection.dynamic-command
    proc = subprocess.Popen(cmd, shell=True, stdout=PIPE)
    return proc.communicate()[0]


def nightly_backup():
    # ok: python.command-injection.dynamic-command
    os.system(f"tar czf {BACKUP_DIR}/db.tgz /var/lib/postgresql")
    # ok: python.command-injection.dynamic-command
    uptime = subprocess.getoutput("uptime")
    # ok: python.command-injection.taint, python.command-injection.dynamic-command
    Popen(["pg_dump", "shop"], stdout=PIPE)
    return uptime
