"""Code the suite's plugins share. Not a plugin: nothing here is loaded
unless a plugin imports it."""
