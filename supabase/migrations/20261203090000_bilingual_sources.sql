-- The atlas's own words about its sources in Italian and English: a source record's title,
-- version, licence and attribution, and a layer's precision and licence, become {it, en}. The owners'
-- names inside them stay as their owners write them (geodata/manifest.json lists them).
-- Rows loaded before this carry their Italian text in both until the loader replaces them.

alter table public.data_source
	alter column title type jsonb using jsonb_build_object('it', title, 'en', title),
	alter column version type jsonb using jsonb_build_object('it', version, 'en', version),
	alter column licence type jsonb using jsonb_build_object('it', licence, 'en', licence),
	alter column attribution type jsonb using jsonb_build_object('it', attribution, 'en', attribution);

alter table public.data_source
	add constraint data_source_title_bilingual check (title ? 'it' and title ? 'en'),
	add constraint data_source_version_bilingual check (version ? 'it' and version ? 'en'),
	add constraint data_source_licence_bilingual check (licence ? 'it' and licence ? 'en'),
	add constraint data_source_attribution_bilingual check (attribution ? 'it' and attribution ? 'en');

alter table public.layer
	alter column precision type jsonb using jsonb_build_object('it', precision, 'en', precision),
	alter column licence type jsonb using jsonb_build_object('it', licence, 'en', licence);

alter table public.layer
	add constraint layer_precision_bilingual check (precision ? 'it' and precision ? 'en'),
	add constraint layer_licence_bilingual check (licence ? 'it' and licence ? 'en');
