-- The phase a PNRR project is in, as the national monitoring system (ReGiS) publishes it through
-- the Region's open data ("Collaudo avviato", "Lavori in esecuzione"...), with the snapshot date.
-- Kept as published and apart from `status`: a ReGiS phase is not one of the atlas's statuses
-- ("Collaudo avviato" is not "completed"), and mapping one onto the other would be a claim no
-- source makes. The source itself is among the intervention's `sources`.
alter table public.intervention
	add column regis_phase text check (char_length(btrim(regis_phase)) between 1 and 200),
	add column regis_snapshot date,
	add constraint intervention_regis_phase_dated check ((regis_phase is null) = (regis_snapshot is null));
