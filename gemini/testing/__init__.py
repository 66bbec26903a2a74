"""Test support shared by every app: the environment, personas and factories."""
