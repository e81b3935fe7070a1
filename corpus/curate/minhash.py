"""MinHash signatures and LSH band layouts, bit for bit what datasketch (2.x, scheme "affine32") makes,
in numpy alone: importing datasketch imports scipy (for one integral), 1.3 s at the start of every
crawl, import and reclean process. tests/test_curate_minhash.py checks both against datasketch.

A signature is the num_perm minima of a_k * fmix32(h) + b_k (mod 2**32) over the 32-bit hashes h of a
text's shingles, with a_k (odd) and b_k drawn from numpy's RandomState(seed), as datasketch draws them.
"""

from __future__ import annotations

import functools

import numpy as np

MAX_HASH = np.uint32(0xFFFFFFFF)  # the value of every permutation of an empty set


def fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (datasketch's pre-mix of each input hash); wraps modulo 2**32."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    mixed: np.ndarray = values ^ (values >> np.uint32(16))
    return mixed


@functools.cache
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of the num_perm affine permutations, drawn as datasketch's MinHash draws them."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.flags.writeable = b.flags.writeable = False  # shared by every call: never changed in place
    return a, b


def signature(hashes: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """The signature (uint64 values below 2**32, as stored and compared) of these 32-bit hashes."""
    if not len(hashes):
        return np.full(num_perm, MAX_HASH, dtype=np.uint64)
    a, b = permutations(num_perm, seed)
    with np.errstate(over="ignore"):
        permuted = fmix32(hashes.astype(np.uint32).reshape(-1, 1)) * a + b
    smallest: np.ndarray = permuted.min(axis=0).astype(np.uint64)
    return smallest


@functools.cache
def band_layout(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) minimizing the false positive plus false negative probability, as
    datasketch's MinHashLSH(threshold, num_perm) chooses them. Both probabilities are integrals of a
    polynomial of degree rows * bands <= num_perm, which Gauss-Legendre quadrature with more than
    num_perm / 2 nodes integrates exactly (datasketch calls scipy's adaptive quad for each)."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 2)
    pairs = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)], dtype=float)
    bands, rows = pairs[:, :1], pairs[:, 1:]  # one row per candidate layout, in datasketch's order

    def integral(low: float, high: float, collisions: bool) -> np.ndarray:
        points = (high - low) / 2 * nodes + (high + low) / 2
        collide = 1 - (1 - points**rows) ** bands  # chance two sets of this similarity share a band
        area: np.ndarray = (high - low) / 2 * ((collide if collisions else 1 - collide) @ weights)
        return area

    error = integral(0.0, threshold, True) + integral(threshold, 1.0, False)
    best = int(np.argmin(error))  # the first of equal errors, as datasketch's strict < keeps it
    return int(pairs[best, 0]), int(pairs[best, 1])
