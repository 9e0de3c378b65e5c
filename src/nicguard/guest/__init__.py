"""The guest OS side: read-only probes (``probes``), their parsers (``parsers``, pure) and the
network-namespace test bed (``netns``)."""
