"""Duty match between a person's current job description and a post's, as 0–100.

TF-IDF (scikit-learn) over both sets of texts, English stop words removed, words and two-word
phrases, sublinear term frequency; the score is the cosine similarity × 100. It is a
*suggestion*: a moderated score (an HR-agreed figure) always wins over it. `shared_terms` gives
the terms that contributed most to a pair's score, so a person can see why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer


@dataclass(frozen=True)
class Similarity:
    """TF-IDF vectors of people's and posts' texts (rows L2-normalised)."""

    people: sparse.csr_matrix
    posts: sparse.csr_matrix
    terms: NDArray[np.str_]

    def block(self, start: int, stop: int) -> NDArray[np.float32]:
        """Scores (0–100) of people[start:stop] against every post, as a dense block."""
        product = self.people[start:stop] @ self.posts.T
        return np.asarray(product.toarray(), dtype=np.float32) * np.float32(100.0)

    def _row(self, matrix: sparse.csr_matrix, row: int) -> tuple[NDArray[Any], NDArray[Any]]:
        start, stop = matrix.indptr[row], matrix.indptr[row + 1]
        return matrix.indices[start:stop], matrix.data[start:stop]

    def _product(self, person: int, post: int) -> tuple[NDArray[Any], NDArray[Any]]:
        """The terms both texts share, and each term's part of their cosine similarity."""
        person_terms, person_weights = self._row(self.people, person)
        post_terms, post_weights = self._row(self.posts, post)
        common, in_person, in_post = np.intersect1d(
            person_terms, post_terms, assume_unique=True, return_indices=True
        )
        return common, person_weights[in_person] * post_weights[in_post]

    def score(self, person: int, post: int) -> float:
        _, parts = self._product(person, post)
        return round(float(parts.sum()) * 100.0, 1)

    def shared_terms(self, person: int, post: int, limit: int = 5) -> tuple[str, ...]:
        """The terms that contributed most to the pair's cosine similarity, strongest first."""
        common, parts = self._product(person, post)
        order = np.lexsort((common, -parts))[:limit]  # strongest first; ties by term index
        return tuple(str(self.terms[common[i]]) for i in order.tolist())


def compute_similarity(person_texts: Sequence[str], post_texts: Sequence[str]) -> Similarity:
    """Fit one vocabulary over both sets of texts and return their TF-IDF vectors."""
    vectoriser = TfidfVectorizer(
        stop_words="english",
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=1,
        dtype=np.float32,
    )
    texts = [text or "" for text in (*person_texts, *post_texts)]
    if not any(text.strip() for text in texts):
        empty_people = sparse.csr_matrix((len(person_texts), 1), dtype=np.float32)
        empty_posts = sparse.csr_matrix((len(post_texts), 1), dtype=np.float32)
        return Similarity(empty_people, empty_posts, np.array([""]))
    try:
        matrix = sparse.csr_matrix(vectoriser.fit_transform(texts))
    except ValueError:  # only stop words: no vocabulary
        empty_people = sparse.csr_matrix((len(person_texts), 1), dtype=np.float32)
        empty_posts = sparse.csr_matrix((len(post_texts), 1), dtype=np.float32)
        return Similarity(empty_people, empty_posts, np.array([""]))
    count = len(person_texts)
    return Similarity(
        people=sparse.csr_matrix(matrix[:count]),
        posts=sparse.csr_matrix(matrix[count:]),
        terms=vectoriser.get_feature_names_out(),
    )
