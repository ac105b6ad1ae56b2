"""`balises import`: actor files from what meso bodies already keep (a spreadsheet, an Open Referral HSDS data
package, a Brussels social directory export).

Each reader turns its input into `Record`s (actor fields as in the YAML, plus where the record came from) or
French diagnostics naming the file and the row; `actor_files` turns records into YAML text (safe-dumped, with a
marker that recognises a hand edit); `plan` compares with the dataset (duplicates, unchanged, hand-edited files)
and `command` is the CLI shell. Every value read is hostile: it only ever reaches YAML through `yaml.safe_dump`,
and ids are slugified before they name a file.
"""
