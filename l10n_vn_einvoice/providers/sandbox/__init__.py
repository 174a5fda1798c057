"""The sandbox provider: a real HTTP server speaking the providers' contracts and playing
the tax authority, with faults on demand.  Used by the tests and the demo."""
