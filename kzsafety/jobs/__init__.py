"""Background jobs, whatever app they belong to: queuing a task without ever failing the
request that saved the data (queue.py), and the life of a long job — claimed once, a
heartbeat while it runs, a deadline after which the user may try again (runs.py).

A lower floor: it imports no app; apps plug in by subclassing BackgroundJob."""
