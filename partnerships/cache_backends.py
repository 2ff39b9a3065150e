"""Django's file-based cache, for a page cache of many large entries.

For a site without Redis the page cache lives in files (``CACHE_DIR/pages``). Two
things Django's backend does on every write cost more there than the page being
kept:

- it lists the whole directory to see whether the cache is full (up to the
  ``MAX_ENTRIES`` files, 20,000 for the pages): here one write in ``CULL_EVERY``
  does, so the cache may pass its limit by about that many entries before it
  drops a share of them as Django's does;
- it compresses each entry at zlib's default level: level 1 takes a fraction of
  the time for a page or a part of an export, for files a little larger.

Reading is Django's own, so the files stay readable by Django's backend.
"""

import pickle
import random
import zlib

from django.core.cache.backends import filebased


class FileBasedCache(filebased.FileBasedCache):
    CULL_EVERY = 32
    COMPRESSION_LEVEL = 1

    def _cull(self):
        if random.randrange(self.CULL_EVERY) == 0:  # noqa: S311 -- not a secret
            super()._cull()

    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(
            zlib.compress(
                pickle.dumps(value, self.pickle_protocol), self.COMPRESSION_LEVEL
            )
        )
