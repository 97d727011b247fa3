"""Editor tools: new-entry skeletons, spreadsheet import and export, the YAML writer."""
