"""Keep the test suite out of the user's own cache directory: derived dictionaries and encoder tables
go to one folder under the system's temporary directory, shared by test runs (and by the command
line runs the tests start), unless QA_CHECKER_CACHE_DIR is already set."""
import os
import tempfile

_USER = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
os.environ.setdefault("QA_CHECKER_CACHE_DIR", os.path.join(tempfile.gettempdir(), f"qa_checker-test-cache-{_USER}"))
