"""The installable app for field work without signal: the service worker, the manifest, the
offline page, the forms that save on the device and the outbox that sends what was saved.

It sits in the project package's top layer (like statistics): it may call every app's write
functions and scoping functions, and no app imports it. The device is trusted with nothing:
an entry it sends goes through the same forms and write functions as the online pages, and
its one-time key (made on the device) goes through kzsafety.idempotency, so a retry after a
lost answer makes one record. See docs/offline.md."""
