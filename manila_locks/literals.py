"""Python literals read from text, one thread at a time.

CPython before 3.11.8 / 3.12.1 can fail ``ast.parse`` with "SystemError:
AST constructor recursion depth mismatch" when two threads parse at once
(the server answers requests in threads). Every literal this service reads
(policy checks such as ``True:%(is_public)s``, Manila's metadata filters)
goes through here.
"""
import ast
import threading

_ONE_AT_A_TIME = threading.Lock()


def evaluate(text):
    """ast.literal_eval(text), serialised; raises as it does."""
    with _ONE_AT_A_TIME:
        return ast.literal_eval(text)
