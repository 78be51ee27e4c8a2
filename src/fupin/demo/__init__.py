"""The demo county, built through each app's own services (no demo code lives inside the apps).

``build_demo_county()`` generates "L County" with ``fupin.synth``, loads it into the registry with
its years of history and gives it monitoring work; ``ensure_demo_users()`` makes one login per
role. ``fupin demo`` calls both. A new subsystem adds its demo content here, through its services.
"""
