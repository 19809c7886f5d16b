"""PDF's transformation matrices [a b c d e f], as a page's content composes them."""

from __future__ import annotations

Matrix = tuple[float, float, float, float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(first: Matrix, second: Matrix) -> Matrix:
    """`first` then `second`, as PDF composes them (a row vector times first, then second)."""
    a, b, c, d, e, f = first
    p, q, r, s, t, u = second
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """The point (x, y) moved by `m`."""
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]
