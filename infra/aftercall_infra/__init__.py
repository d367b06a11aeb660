"""The aftercall CDK app: one stack composed of one construct per capability.

jsii prints a Node end-of-life banner on every run unless this variable names the Node major version;
it must be set before ``aws_cdk`` is first imported, which importing this package guarantees.
"""

import os

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
