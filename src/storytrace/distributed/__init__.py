"""Running corpus mode on a Ray cluster (``--engine ray``).

The Ray engine calls the same pure batch functions as the local engine
(:func:`storytrace.cluster.dedup.fingerprints` and :func:`~storytrace.cluster.dedup.link_batch`,
:func:`storytrace.store.light.prepare_rows`, :class:`storytrace.cluster.stories.StoryClusterer`)
and only decides where they run: :mod:`.plan` holds the pure steps that make near-duplicate
search partitionable (bucket members -> candidate pairs -> links, languages along links),
:mod:`.stitch` the partitioning of story clustering and the stitching of its borders, and
:mod:`.ray_engine` the Ray Data pipeline. ``ray`` is an optional extra:
``pip install 'storytrace[ray]'``.
"""
