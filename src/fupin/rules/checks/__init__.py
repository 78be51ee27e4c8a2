"""The household and member checks, each rule written once (no Django).

Four places check households and members: the roster validator (``fupin.rules.roster``), the
batch engine's columnar screen (``fupin.batch.screen``), and the registry's bulk loader and
single-record validation. Each phrases its problems for its own report, but whether a value is
wrong, and why (a reason code), is decided here:

* ``codes`` — the coded values of a household and its members and their allowed codes (the
  registry's choices are derived from this table);
* ``ids`` — resident ID numbers (GB 11643, through ``fupin.idnumber``), and sex and birth date
  agreeing with them;
* ``amounts`` — money: yuan, whole fen, not negative (last year's per-capita figure may be),
  below 10^12 yuan;
* ``counts`` — counts a household holds (machines, livestock): whole numbers, not negative, what
  the registry can store;
* ``households`` — exactly one head per household, an ID number repeated within the input;
* ``arrays`` — the whole-column helpers they are built from (a required value missing, …).

Submodules are imported by name (``from fupin.rules.checks import codes``): this package itself
imports nothing, so ``fupin.rules.columns`` can take its codes from ``codes``.
"""
