"""The procedure engine: signed, public procedures declared as one table of steps.

A subsystem declares its procedure once (``engine.Procedure``: its stages and one ``Step`` per
transition, with the permission, checks, effects, form and whether it is signed or posts a public
notice) and takes steps with ``services.steps.take_step``. The engine keeps the step records,
signatures, public notices and objections, and counts deadlines in working days.
"""
