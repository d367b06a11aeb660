"""CDK entry point: ``make synth`` (``.venv/bin/python infra/app.py``) or ``npx cdk synth`` (cdk.json)."""

import os

from aftercall_infra.application import build_app


def main() -> None:
    # The CDK CLI names the output directory itself; run directly, the app writes to ./cdk.out.
    build_app(outdir=os.environ.get("CDK_OUTDIR", "cdk.out")).app.synth()


if __name__ == "__main__":
    main()
