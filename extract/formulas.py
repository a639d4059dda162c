"""The few spreadsheet formulas a form holds (`=B5+B6`, `=SUM(C3:C9)`, `=100%`), evaluated where the
file stores no result.

Excel stores each formula's last result beside it and the reader uses that.  Files written by
other programs often store none; a 资金总额 cell would then read as empty.  Only arithmetic on
numbers and cell references and SUM are evaluated — anything else raises FormulaError and the
reader says the value is missing, rather than guessing.
"""
from __future__ import annotations

import ast
import math
import operator

import regex

MAX_DEPTH = 20
_RANGE = regex.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})")
_REF = regex.compile(r"(?<![A-Z])\$?([A-Z]{1,3})\$?(\d{1,7})(?![\d(])")
_SUM = regex.compile(r"SUM\(([^()]*)\)", regex.IGNORECASE)
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


class FormulaError(ValueError):
    """A formula this evaluator does not read."""


def _number(value) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FormulaError(f"not a number: {value!r}")
    return _finite(value)


def _finite(value) -> float:
    """A number as a float, or FormulaError for one no float holds (a 400-digit literal, 1e400)."""
    try:
        number = float(value)
    except OverflowError:
        raise FormulaError("number too large") from None
    if not math.isfinite(number):
        raise FormulaError("number too large")
    return number


def _arith(node: ast.AST) -> float:
    if isinstance(node, ast.Expression):
        return _arith(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return _finite(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        try:
            return _finite(_OPS[type(node.op)](_arith(node.left), _arith(node.right)))
        except ZeroDivisionError:
            raise FormulaError("division by zero") from None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _arith(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    raise FormulaError("unsupported expression")


def evaluate(formula: str, sheet, cached, depth: int = 0) -> float:
    """The value of `formula` on `sheet` (formulas) with `cached` (stored results) for references;
    FormulaError for anything it cannot compute (also numbers too large for a float)."""
    try:
        return _evaluate(formula, sheet, cached, depth)
    except FormulaError:
        raise
    except (SyntaxError, ValueError, OverflowError, RecursionError) as exc:
        raise FormulaError(f"cannot compute ({type(exc).__name__})") from None


def _evaluate(formula: str, sheet, cached, depth: int = 0) -> float:
    from openpyxl.utils import column_index_from_string

    if depth > MAX_DEPTH or len(formula) > 500:
        raise FormulaError("formula too deep or too long")
    expr = formula.lstrip("=").strip()

    def value_at(col: str, row: str) -> float:
        r, c = int(row), column_index_from_string(col)
        stored = cached.cell(r, c).value
        if stored is not None:
            return _number(stored)
        raw = sheet.cell(r, c).value
        if isinstance(raw, str) and raw.startswith("="):
            return evaluate(raw, sheet, cached, depth + 1)
        return _number(raw)

    def sum_args(m: regex.Match) -> str:
        total = 0.0
        for part in m.group(1).split(","):
            part = part.strip()
            rng = _RANGE.fullmatch(part)
            if rng:
                c1, r1, c2, r2 = rng.groups()
                i1, i2 = sorted((column_index_from_string(c1), column_index_from_string(c2)))
                j1, j2 = sorted((int(r1), int(r2)))
                if (i2 - i1 + 1) * (j2 - j1 + 1) > 10_000:
                    raise FormulaError("range too large")
                from openpyxl.utils import get_column_letter

                total += sum(value_at(get_column_letter(i), str(j)) for i in range(i1, i2 + 1) for j in range(j1, j2 + 1))
            elif part:
                total += _arith(ast.parse(_refs(part), mode="eval"))
        return repr(total)

    def _refs(text: str) -> str:
        return _REF.sub(lambda m: repr(value_at(m.group(1), m.group(2))), text)

    expr = _SUM.sub(sum_args, expr)
    expr = _refs(expr)
    expr = regex.sub(r"(\d+(?:\.\d+)?)%", r"(\1/100)", expr)
    try:
        tree = ast.parse(expr, mode="eval")
    except (SyntaxError, ValueError):  # ValueError: a literal over Python's 4300 digits
        raise FormulaError("unsupported formula") from None
    return _arith(tree)
