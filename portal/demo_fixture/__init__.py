"""The demo as a fixture: what the demo builder (portal/demo and each app's demo.py) makes,
dumped by `make demo-fixture` into portal/demo/fixture/ and loaded by `load_demo_content`
into a database that holds only what the migrations made. The builder stays the definition
of the demo, and the way to add to a database that already has content."""
