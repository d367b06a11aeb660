"""``aftercall serve``: the customer's detail page on 127.0.0.1, against an embedded AWS (moto).

A thin command over ``aftercall.local.page_server``: it starts moto, creates the tables, seeds sample
follow-ups (``aftercall.local.page_samples``), prints their links and serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import threading
from datetime import UTC, datetime
from typing import Any

from aftercall.adapters.tables import create_tables
from aftercall.local.page_samples import seed_samples
from aftercall.local.page_server import LOCAL_ENV, LOCAL_TABLES, serve_in_thread


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the customer's detail page locally, with sample follow-ups (embedded AWS)"
    )
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1", help="keep 127.0.0.1 unless you mean to expose it")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from moto import mock_aws  # a development dependency: imported only when serving locally

    for name, value in LOCAL_ENV.items():
        os.environ.setdefault(name, value)  # moto needs a region and placeholder credentials first
    with mock_aws():
        create_tables(LOCAL_TABLES, os.environ["AWS_REGION"])
        server, base_url = serve_in_thread(LOCAL_TABLES, args.port, args.host)
        print(f"aftercall detail page on {base_url} (embedded AWS; Ctrl-C stops it)")
        for sample in seed_samples(base_url, datetime.now(UTC)):
            print(f"  {sample.label:<18} {sample.url}")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")
        finally:
            server.shutdown()
            server.server_close()
    return 0
