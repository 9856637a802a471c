"""Starlette (CORSMiddleware, under uvicorn) and Flask (flask-cors, Werkzeug's server), each
configured the classic wrong way and the right way: `python python_app.py APP PORT`, APP one of
starlette-regex, starlette-exact, flask-regex, flask-exact, flask-single. Every request is counted;
`GET /__count` answers the count (itself excluded). Only 127.0.0.1 is listened on."""

import sys

APP, PORT = sys.argv[1], int(sys.argv[2])
count = 0


def starlette_app(**cors):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import JSONResponse, PlainTextResponse
    from starlette.routing import Route

    async def data(request):
        return JSONResponse({"secret": "s3cr3t"})

    inner = Starlette(
        routes=[Route("/api", data, methods=["GET", "POST", "PUT", "DELETE"])],
        middleware=[Middleware(CORSMiddleware, allow_credentials=True, allow_methods=["*"], **cors)],
    )

    async def app(scope, receive, send):
        global count
        if scope["type"] == "http" and scope["path"] == "/__count":
            await PlainTextResponse(str(count))(scope, receive, send)
            return
        if scope["type"] == "http":
            count += 1
        await inner(scope, receive, send)

    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning")


def flask_app(origins):
    from flask import Flask, jsonify, request
    from flask_cors import CORS

    app = Flask(__name__)
    CORS(app, origins=origins, supports_credentials=True)

    @app.before_request
    def counted():
        global count
        if request.path == "/__count":
            return str(count)
        count += 1
        return None

    @app.route("/api", methods=["GET", "POST", "PUT", "DELETE"])
    def data():
        return jsonify(secret="s3cr3t")

    from werkzeug.serving import make_server

    make_server("127.0.0.1", PORT, app, threaded=True).serve_forever()


if APP == "starlette-regex":
    # `.*` glued before the domain, and the dot before it not required.
    starlette_app(allow_origin_regex=r"https://.*wharf\.dev")
elif APP == "starlette-exact":
    starlette_app(allow_origins=["https://app.wharf.dev"])
elif APP == "flask-regex":
    # flask-cors matches from the start only (re.match): nothing after the host is refused.
    flask_app([r"https://.*\.bank\.co\.uk"])
elif APP == "flask-exact":
    flask_app(["https://app.bank.co.uk", "https://admin.bank.co.uk"])
elif APP == "flask-single":
    # One literal origin: flask-cors then leaves `Vary: Origin` out, though its answer differs
    # for other origins (no `Access-Control-Allow-Origin`).
    flask_app(["https://app.bank.co.uk"])
else:
    sys.exit(f"unknown app {APP}")
