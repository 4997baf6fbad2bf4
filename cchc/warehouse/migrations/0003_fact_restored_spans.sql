-- Where each fact sits in the RESTORED text (document_texts.restored_text), beside its span in the
-- original (char_start/char_end): the review pages highlight facts in the restored text.
-- NULL for facts loaded before this column existed; the review pages then look the figure up.
ALTER TABLE facts ADD COLUMN restored_start INTEGER;
ALTER TABLE facts ADD COLUMN restored_end INTEGER;
