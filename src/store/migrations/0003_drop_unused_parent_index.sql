-- parcheck schema 3. Nothing looks revisions up by their parent any more:
-- a merge works out which revisions a bundle supersedes from the bundle
-- itself. The index cost a page on every save and on every merged revision.
DROP INDEX rev_parent_parent;
