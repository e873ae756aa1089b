-- Decision 766 indicator 6.4 (docs/indicators.md, data_reuse): whether a dossier's file was already
-- used by an earlier dossier is one probe of this index per component.
CREATE INDEX dossier_components_document ON dossier_components (document) WHERE document IS NOT NULL;
