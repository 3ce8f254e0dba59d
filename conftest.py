import os

os.environ.setdefault("APOIA_TESTING", "1")
os.environ.setdefault("APOIA_HTTPS", "false")
