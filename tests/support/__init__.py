"""What the tests share: loopback servers, renderers that publish the seed agreements as PDF and
HTML, stores filled through the real history code, runs of the real CLI. No tests here."""
