"""corpus.curate.minhash makes, without datasketch (whose import pulls in scipy), exactly the signatures
and LSH band layouts datasketch makes: stored signatures and band keys stay comparable with every
corpus built before, and recall and precision stay what tests/test_curate_neardup_recall.py measures."""

import numpy as np
import pytest
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from corpus.curate import minhash
from corpus.curate.dedup import MINHASH_SCHEME, MINHASH_SEED


@pytest.mark.parametrize("count", [0, 1, 7, 500])
@pytest.mark.parametrize("num_perm", [16, 128, 256])
def test_signatures_are_datasketchs(count, num_perm):
    hashes = np.random.default_rng(count).integers(0, 2**32, count, dtype=np.uint64)
    expected = MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, hashfunc=int)
    expected.update_batch(hashes.tolist())
    assert (minhash.signature(hashes, num_perm, MINHASH_SEED) == expected.hashvalues).all()


@pytest.mark.parametrize("num_perm", [16, 64, 128, 256])
def test_band_layouts_are_datasketchs(num_perm):
    thresholds = [round(0.05 * k, 2) for k in range(1, 20)] + [0.33, 0.77, 0.85]
    assert [minhash.band_layout(t, num_perm) for t in thresholds] == [
        _optimal_param(t, num_perm, 0.5, 0.5) for t in thresholds
    ]


def test_no_datasketch_or_scipy_on_the_import_path():
    """What a crawl, an import or a reclean imports to curate: numpy, not datasketch and scipy."""
    import subprocess
    import sys

    code = (
        "import sys, corpus.curate, corpus.pages, corpus.importer, corpus.reclean; "
        "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
