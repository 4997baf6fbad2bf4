"""The four stages, in order: ``ingest`` → ``restore`` → ``extract`` → ``load``.

Each stage is a module here. ``runner.process_file`` chains the first three for one file (reading
it is their only I/O); ``runner.run_ingest`` feeds many files through and loads the results.
"""
