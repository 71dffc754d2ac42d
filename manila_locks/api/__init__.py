"""The mountable /resource-locks API extension and the HTTP conventions
(microversions, faults, routing, validation) it shares with its host."""
