package org.mammoai.node.store;

import jakarta.annotation.security.RolesAllowed;
import org.mammoai.node.access.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** Read-only view of the catalog: studies, their series, and the instances with their spool files. */
@Path("/api")
@RolesAllowed({Role.READ, Role.CHANGE})
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    public record StudyView(String studyInstanceUid, String patientId, String patientName, String studyDate,
                            String accessionNumber, String description, long seriesCount, long instanceCount) {}

    public record SeriesView(String seriesInstanceUid, String studyInstanceUid, String modality, Integer seriesNumber,
                             String description, long instanceCount) {}

    public record InstanceView(String sopInstanceUid, String seriesInstanceUid, String sopClassUid,
                               String transferSyntaxUid, Integer instanceNumber, String imageLaterality,
                               String viewPosition, Integer rows, Integer columns, Integer numberOfFrames,
                               String callingAeTitle, Instant receivedAt, String filePath, long sizeBytes) {}

    private final Spool spool;

    public CatalogResource(Spool spool) {
        this.spool = spool;
    }

    @GET
    @Path("/studies")
    public List<StudyView> studies() {
        return Study.<Study>listAll().stream().map(CatalogResource::view).toList();
    }

    @GET
    @Path("/studies/{studyUid}")
    public StudyView study(@PathParam("studyUid") String studyUid) {
        return view(findStudy(studyUid));
    }

    @GET
    @Path("/studies/{studyUid}/series")
    public List<SeriesView> series(@PathParam("studyUid") String studyUid) {
        Study study = findStudy(studyUid);
        return Series.<Series>list("study", study).stream().map(CatalogResource::view).toList();
    }

    @GET
    @Path("/series/{seriesUid}/instances")
    public List<InstanceView> instances(@PathParam("seriesUid") String seriesUid) {
        Series series = Series.<Series>find("seriesInstanceUid", seriesUid).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("no series " + seriesUid));
        return StoredInstance.<StoredInstance>list("series", series).stream().map(this::view).toList();
    }

    @GET
    @Path("/instances/{sopUid}")
    public InstanceView instance(@PathParam("sopUid") String sopUid) {
        return view(findInstance(sopUid));
    }

    @GET
    @Path("/instances/{sopUid}/file")
    @Produces("application/dicom")
    public Response file(@PathParam("sopUid") String sopUid) {
        return Response.ok(spool.resolve(findInstance(sopUid).filePath).toFile()).build();
    }

    private static Study findStudy(String studyUid) {
        return Study.<Study>find("studyInstanceUid", studyUid).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("no study " + studyUid));
    }

    private static StoredInstance findInstance(String sopUid) {
        return StoredInstance.<StoredInstance>find("sopInstanceUid", sopUid).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("no instance " + sopUid));
    }

    private static StudyView view(Study s) {
        return new StudyView(s.studyInstanceUid, s.patient.patientId, s.patient.patientName, s.studyDate,
                s.accessionNumber, s.description, Series.count("study", s),
                StoredInstance.count("series.study", s));
    }

    private static SeriesView view(Series s) {
        return new SeriesView(s.seriesInstanceUid, s.study.studyInstanceUid, s.modality, s.seriesNumber,
                s.description, StoredInstance.count("series", s));
    }

    private InstanceView view(StoredInstance i) {
        return new InstanceView(i.sopInstanceUid, i.series.seriesInstanceUid, i.sopClassUid, i.transferSyntaxUid,
                i.instanceNumber, i.imageLaterality, i.viewPosition, i.rows, i.columns, i.numberOfFrames,
                i.callingAeTitle, i.receivedAt, spool.resolve(i.filePath).toString(), i.sizeBytes);
    }
}
